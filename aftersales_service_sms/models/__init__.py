from . import (
    aftersales_repair,
    aftersales_request,
    aftersales_team,
    mail_message,
    mail_notification,
    mail_thread,
    res_company,
    res_config_settings,
    sms_sms,
    sms_template,
    sms_tracker,
)
