from . import aftersales_survey_campaign, res_company, res_config_settings, survey_user_input
