"""The CMS's image upload form: every original is stored without its metadata."""

import io

import willow
from django import forms
from wagtail.images.forms import BaseImageForm

from common.images import ImageRejected, image_strip_metadata


class MetadataFreeImageForm(BaseImageForm):
    """Wagtail's image form, re-encoding the uploaded file before Wagtail stores it (single and bulk upload)."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded or "file" not in self.changed_data:
            return uploaded
        try:
            clean = image_strip_metadata(file=uploaded, name=uploaded.name)
        except ImageRejected as error:
            raise forms.ValidationError(error.message) from None
        # Wagtail's field annotates the file with its Willow image; describe the clean file the same way.
        clean.image = willow.Image.open(io.BytesIO(clean.read()))
        clean.content_type = clean.image.mime_type
        clean.seek(0)
        return clean
