"""Masking, detection of personal data in public text, encryption at rest and blind indexes."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured

from common.models import AccessLog
from common.privacy import (
    EncryptedTextField,
    blind_index,
    decrypt_text,
    encrypt_text,
    mask_id_number,
    mask_name,
    mask_phone,
    pii_findings,
)


class MaskingTests:
    def test_id_number(self):
        assert mask_id_number("330302198001011234") == "3303**********1234"

    def test_phones(self):
        assert mask_phone("13812345678") == "138****5678"
        assert mask_phone("0577-88881234") == "0577-****1234"

    def test_names(self):
        assert mask_name("张小红") == "张**"
        assert mask_name("李") == "*"


class PiiFindingsTests:
    def test_phones_ids_and_names_are_found(self):
        text = "张小红奶奶独居，电话 138 1234 5678，座机0577-88881234，身份证330302198001011234。小红说……"
        kinds = [(finding.kind, text[finding.start : finding.end]) for finding in pii_findings(text, names=["张小红"])]
        assert ("name", "张小红") in kinds
        assert ("name", "小红") in kinds
        assert ("phone", "138 1234 5678") in kinds
        assert ("phone", "0577-88881234") in kinds
        assert ("id_number", "330302198001011234") in kinds

    def test_full_width_digits_do_not_hide_a_phone(self):
        findings = pii_findings("联系：１３８１２３４５６７８")
        assert [finding.kind for finding in findings] == ["phone"]
        assert findings[0].masked == "138****5678"

    def test_an_id_number_is_not_also_reported_as_a_phone(self):
        findings = pii_findings("证件 330302198001011234")
        assert [finding.kind for finding in findings] == ["id_number"]

    def test_clean_public_text_has_no_findings(self):
        text = "鼓楼社区一位独居老人需要过冬棉被2床、电暖器1台，预计2026年12月15日前送达。"
        assert pii_findings(text, names=["张小红"]) == []

    def test_findings_are_masked_so_that_a_message_can_quote_them(self):
        (finding,) = pii_findings("电话13812345678")
        assert finding.masked == "138****5678"


class EncryptionTests:
    def test_round_trip_and_no_plain_text_in_the_token(self):
        token = encrypt_text("330302198001011234")
        assert "330302198001011234" not in token
        assert decrypt_text(token) == "330302198001011234"

    def test_each_encryption_differs(self):
        assert encrypt_text("same") != encrypt_text("same")

    def test_keys_rotate(self, settings):
        old_key = settings.AIXIN_FIELD_ENCRYPTION_KEYS[0]
        token = encrypt_text("病史：糖尿病")
        settings.AIXIN_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
        assert decrypt_text(token) == "病史：糖尿病"
        settings.AIXIN_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
        with pytest.raises(ImproperlyConfigured):
            decrypt_text(token)

    def test_missing_keys_are_refused(self, settings):
        settings.AIXIN_FIELD_ENCRYPTION_KEYS = []
        with pytest.raises(ImproperlyConfigured):
            encrypt_text("x")

    def test_the_field_encrypts_on_the_way_in_and_decrypts_on_the_way_out(self):
        field = EncryptedTextField()
        field.set_attributes_from_name("id_number")
        stored = field.get_prep_value("330302198001011234")
        assert "330302198001011234" not in stored
        assert field.from_db_value(stored, None, None) == "330302198001011234"
        assert field.get_prep_value("") == ""
        assert field.get_prep_value(None) is None

    def test_the_field_cannot_be_searched(self):
        field = EncryptedTextField()
        field.set_attributes_from_name("id_number")
        with pytest.raises(FieldError):
            field.get_lookup("exact")
        assert field.get_lookup("isnull") is not None

    def test_blind_indexes_are_keyed_and_kept_apart_by_purpose(self, settings):
        first = blind_index("330302198001011234", purpose="member_id_number")
        assert first == blind_index("330302198001011234", purpose="member_id_number")
        assert first != blind_index("330302198001011234", purpose="phone")
        settings.AIXIN_BLIND_INDEX_KEY = "another-key-of-sixteen"
        assert first != blind_index("330302198001011234", purpose="member_id_number")


@pytest.mark.django_db
class AccessLogTests:
    def test_a_look_is_logged_without_copying_the_record(self):
        from common.selectors import access_log_list
        from common.services import access_log_record
        from stations.models import LoveStation
        from tests.factories import StationFactory, UserFactory

        coordinator = UserFactory()
        station = StationFactory()
        entry = access_log_record(user=coordinator, record=station, action=AccessLog.Action.UNMASK, fields=["phone"])
        assert entry.user_email == coordinator.email
        assert entry.fields == ["phone"]
        assert station.phone not in str(entry.__dict__)
        assert list(access_log_list(record=station)) == [entry]
        assert list(access_log_list(user=UserFactory())) == []
        assert LoveStation.objects.count() == 1

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"action": "peek"}, "Unknown access action"),
            ({"fields": ["no_such_field"]}, "has no field"),
            ({"action": AccessLog.Action.UNMASK}, "Say which fields"),
        ],
    )
    def test_bad_entries_are_refused(self, kwargs, message):
        from common.errors import ApplicationError
        from common.services import access_log_record
        from tests.factories import StationFactory, UserFactory

        with pytest.raises(ApplicationError) as error:
            access_log_record(user=UserFactory(), record=StationFactory(), **kwargs)
        assert message in error.value.message
        assert not AccessLog.objects.exists()

    def test_anonymous_access_cannot_be_logged(self):
        from django.contrib.auth.models import AnonymousUser

        from common.errors import ApplicationError
        from common.services import access_log_record
        from tests.factories import StationFactory

        with pytest.raises(ApplicationError):
            access_log_record(user=AnonymousUser(), record=StationFactory())
