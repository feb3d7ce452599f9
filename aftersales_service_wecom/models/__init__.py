from . import aftersales_request, aftersales_wecom_account, aftersales_wecom_identity, aftersales_wecom_job
