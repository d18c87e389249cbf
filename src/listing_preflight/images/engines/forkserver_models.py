"""Imported only by the forkserver (its preload list): the ONNX models loaded there once, and
one generated photo extracted, so that every worker forked from it starts with the models and
with what the extraction builds on first use, instead of building them itself."""

import gc

from ..extract import load_models, warm_up_extraction

load_models()
warm_up_extraction()
# Frozen objects are never traversed by the collector: a worker's first collections would
# otherwise touch (and copy) every page of the server's heap. Fresh worker pool up + first
# image: ~140 ms before the warm-up, ~45 ms with it and the freeze (without the freeze ~90 ms).
gc.collect()
gc.freeze()
