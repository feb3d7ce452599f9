from . import test_answers, test_campaign, test_portal, test_settings_access, test_translation
