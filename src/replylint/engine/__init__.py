"""Rule engine: pack schema and loading, pattern compilation, lemma index, matching."""
