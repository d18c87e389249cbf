"""Image rules (IMG), one module per judgment; importing the package registers them all."""

from . import background, files, geometry, overlay, promo_text, sharpness  # noqa: F401
from .background import BackgroundOptions
from .overlay import WatermarkOptions, _carrying_strokes
from .sharpness import BlurOptions

__all__ = ["BackgroundOptions", "BlurOptions", "WatermarkOptions", "_carrying_strokes"]
