"""Uploaded pictures are re-encoded without their metadata before anything stores them.

A phone photo's EXIF block carries the GPS position where it was taken: for a photo taken in a
household, that is the household's address. Thumbnails are not enough; the stored original must
lose it too (DESIGN.md §6). Pillow is opened with an explicit list of formats, and a picture
large enough to be a decompression bomb is refused, not merely warned about (PITFALLS.md 10).
"""

import io
import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from common.errors import ApplicationError

ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
_SAVE_OPTIONS = {"JPEG": {"quality": 90, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 90}}


class ImageRejected(ApplicationError):
    """The upload is not a picture we accept, or is too large to open safely."""


def image_max_pixels() -> int:
    return settings.AIXIN_IMAGE_MAX_PIXELS


def image_strip_metadata(*, file, name: str) -> ContentFile:
    """Return the picture in ``file`` re-encoded in its own format, upright, with no EXIF, GPS or text chunks."""
    max_pixels = image_max_pixels()
    file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture = Image.open(file, formats=ACCEPTED_FORMATS)
            if picture.width * picture.height > max_pixels:
                raise ImageRejected(
                    _("The picture has more than %(count)s million pixels: make it smaller first.")
                    % {"count": max_pixels // 1_000_000}
                )
            picture.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise ImageRejected(_("The picture is too large to open safely: make it smaller first.")) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ImageRejected(_("This file is not a picture we accept: use JPEG, PNG, GIF or WebP.")) from None

    image_format = picture.format
    output = io.BytesIO()
    if image_format == "GIF" and getattr(picture, "is_animated", False):
        # Keep every frame; a GIF has no EXIF, but it may carry a comment.
        picture.info.pop("comment", None)
        picture.save(output, format="GIF", save_all=True, loop=picture.info.get("loop", 0))
    else:
        # The orientation tag goes with the rest of the EXIF block: turn the pixels instead.
        upright = ImageOps.exif_transpose(picture)
        clean = upright.copy()
        clean.info = {}
        if image_format == "JPEG" and clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        clean.save(output, format=image_format, **_SAVE_OPTIONS.get(image_format, {}))
    return ContentFile(output.getvalue(), name=PurePath(name).name)
