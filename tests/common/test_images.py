"""Uploaded pictures lose their metadata on the stored original, and unsafe files are refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, PngImagePlugin

from cms.models import AixinImage
from common.images import ImageRejected, image_strip_metadata
from tests.factories import city_administrator_create, totp_enable

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(*, width: int = 60, height: int = 40, orientation: int | None = None) -> bytes:
    picture = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (28.0, 1.0, 0.0), 3: "E", 4: (120.0, 39.0, 0.0)})
    if orientation:
        exif[ORIENTATION] = orientation
    output = io.BytesIO()
    picture.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def reopened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


class ImageStripMetadataTests:
    def test_a_jpeg_loses_its_gps_position(self):
        original = jpeg_with_gps()
        assert reopened(original).getexif().get_ifd(GPS_IFD)  # the fixture really has GPS data

        clean = image_strip_metadata(file=io.BytesIO(original), name="visit.jpg").read()
        picture = reopened(clean)
        assert picture.format == "JPEG"
        assert not picture.getexif()
        assert "exif" not in picture.info
        assert picture.size == (60, 40)

    def test_the_orientation_is_applied_to_the_pixels(self):
        clean = image_strip_metadata(file=io.BytesIO(jpeg_with_gps(orientation=6)), name="turned.jpg").read()
        # Orientation 6 is "rotate 90°": the stored picture is upright without the tag.
        assert reopened(clean).size == (40, 60)

    def test_png_text_chunks_are_dropped(self):
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "张三家，鹿城区某路12号")
        output = io.BytesIO()
        Image.new("RGB", (10, 10)).save(output, format="PNG", pnginfo=info)
        clean = image_strip_metadata(file=io.BytesIO(output.getvalue()), name="note.png").read()
        assert "Comment" not in reopened(clean).info

    def test_a_file_that_is_not_a_picture_is_refused(self):
        with translation.override("en"), pytest.raises(ImageRejected) as error:
            image_strip_metadata(file=io.BytesIO(b"%PDF-1.7 not a picture"), name="photo.jpg")
        assert "JPEG, PNG, GIF or WebP" in error.value.message
        with translation.override("zh-hans"), pytest.raises(ImageRejected) as error:
            image_strip_metadata(file=io.BytesIO(b"%PDF-1.7 not a picture"), name="photo.jpg")
        assert "不是可接受的图片" in error.value.message

    def test_an_oversized_picture_is_refused_before_decoding(self, settings):
        settings.AIXIN_IMAGE_MAX_PIXELS = 1_000_000
        output = io.BytesIO()
        Image.new("L", (2000, 1000)).save(output, format="PNG")
        with pytest.raises(ImageRejected):
            image_strip_metadata(file=io.BytesIO(output.getvalue()), name="huge.png")


@pytest.mark.django_db
class CmsImageUploadTests:
    @pytest.fixture
    def admin_client(self, client):
        admin = city_administrator_create()
        totp_enable(admin)
        client.force_login(admin)
        return client

    def test_the_stored_original_has_no_gps(self, admin_client):
        upload = SimpleUploadedFile("visit.jpg", jpeg_with_gps(), content_type="image/jpeg")
        response = admin_client.post("/cms/images/add/", {"title": "探访", "file": upload})
        assert response.status_code == 302, response.content.decode()[:500]

        image = AixinImage.objects.get(title="探访")
        with image.file.open("rb") as stored:
            picture = Image.open(stored)
            picture.load()
        assert not picture.getexif()
        assert (image.width, image.height) == (60, 40)

    def test_bulk_upload_strips_metadata_too(self, admin_client):
        upload = SimpleUploadedFile("bulk.jpg", jpeg_with_gps(), content_type="image/jpeg")
        response = admin_client.post("/cms/images/multiple/add/", {"files[]": upload})
        assert response.status_code == 200
        image = AixinImage.objects.get()
        with image.file.open("rb") as stored:
            assert not Image.open(stored).getexif()

    def test_a_disguised_file_is_refused_with_a_message(self, admin_client):
        upload = SimpleUploadedFile("photo.jpg", b"GIF89a broken", content_type="image/jpeg")
        response = admin_client.post("/cms/images/add/", {"title": "坏文件", "file": upload})
        assert response.status_code == 200
        assert not AixinImage.objects.exists()
