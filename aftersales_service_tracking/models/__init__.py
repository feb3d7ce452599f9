from . import aftersales_parcel, aftersales_parcel_job, aftersales_repair, res_company, res_config_settings
