"""The CMS's forms: image uploads stored without their metadata, and the station story form."""

import io

import willow
from django import forms
from django.utils.translation import gettext_lazy as _
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


class StationStoryForm(forms.Form):
    """A station's public story as plain text, for its coordinators: no CMS account needed."""

    intro = forms.CharField(
        label=_("Introduction"),
        max_length=300,
        required=False,
        help_text=_("One or two sentences shown under the station's name."),
    )
    story = forms.CharField(
        label=_("Story"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "What the station does and who helps there. Leave a blank line between paragraphs. No names, "
            "phone numbers or identity numbers of households: the station's hours, address and phone are "
            "shown from the station record."
        ),
    )
