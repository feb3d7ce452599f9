from . import test_answers, test_campaign, test_default_survey, test_portal, test_settings_access, test_translation
