import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A technician receives a mail-in device out of warranty, quotes the repair
// and sends the quotation to the customer.
registry.category("web_tour.tours").add("aftersales_repair_tour", {
    steps: () => [
        {
            content: "Receive the device",
            trigger: "button[name='action_receive']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status [aria-checked='true']:contains('Received')",
        },
        {
            content: "Add a quotation line",
            trigger: "div[name='line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name='line_ids'] .o_selected_row div[name='line_type'] select",
            run: "select \"labour\"",
        },
        {
            trigger: "div[name='line_ids'] .o_selected_row div[name='name'] textarea",
            run: "edit Replace the main board",
        },
        {
            trigger: "div[name='line_ids'] .o_selected_row div[name='price_unit'] input",
            run: "edit 250",
        },
        ...stepUtils.saveForm(),
        {
            content: "Send the quotation",
            trigger: "button[name='action_send_quote']:contains('Send Quotation')",
            run: "click",
        },
        {
            content: "It is sent at once; the email leaves with its PDF in a moment",
            trigger: ".o_statusbar_status [aria-checked='true']:contains('Quoted')",
        },
        {
            trigger: ".o_aftersales_quote_mail_pending:visible",
        },
    ],
});
