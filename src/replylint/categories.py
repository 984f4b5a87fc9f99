"""The finding categories (defined in the labelling spec, SPEC.md)."""

CATEGORIES: dict[str, str] = {
    "apology": "no genuine apology, or a non-apology",
    "jargon": "bureaucratese, internal or legal jargon, guilt-implying wording",
    "blame": "fault shifted to the customer, a partner, the system or the rules",
    "compensation": "no concrete remedy of value offered",
    "thanks": "no thanks for the report, patience or feedback",
    "timeline": "a vague time promise",
    "review-pressure": "asking to delete, edit or raise a review or rating",
    "cliche": "empty stock formulas",
    "prevention": "nothing said about what changes so the failure does not repeat",
    "relevance": "the reply ignores what the complaint is about",
}

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
