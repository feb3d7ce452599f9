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
