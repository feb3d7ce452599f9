def post_init_hook(env):
    """Give every existing company the shipped survey: installing the bridge is the opt-in.

    Companies created later get it from the field's default; the column was
    added before the survey was loaded, so the existing ones get it here.
    """
    Company = env["res.company"].with_context(active_test=False)
    survey = Company._default_aftersales_survey_id()
    if survey:
        Company.search([("aftersales_survey_id", "=", False)]).aftersales_survey_id = survey


def uninstall_hook(env):
    """Leave nothing behind that Odoo's uninstall cannot remove by itself."""
    # Open "dissatisfied customer" follow-ups sit on partners, which stay:
    # keep them as to-dos so that the activity type (ondelete restrict) can go.
    activity_type = env.ref("aftersales_service_survey.mail_activity_type_dissatisfied", raise_if_not_found=False)
    todo = env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
    if activity_type and todo:
        activities = (
            env["mail.activity"].with_context(active_test=False).search([("activity_type_id", "=", activity_type.id)])
        )
        activities.write({"activity_type_id": todo.id})
