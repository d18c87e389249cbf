"""Image sources, decoding, feature extraction, cache and worker pool."""
