"""Imported only by the forkserver (its preload list): the ONNX models loaded there once, so
that every worker forked from it starts with them instead of loading them itself."""

from ..extract import load_models

load_models()
