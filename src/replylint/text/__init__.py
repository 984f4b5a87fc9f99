"""Text pipeline: normalisation, regions, segmentation and morphology."""
