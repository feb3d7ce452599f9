import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A hotline agent logs a customer's call, takes it and answers it.
registry.category("web_tour.tours").add("aftersales_request_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("aftersales_service.aftersales_menu_root", "Open the Service app"),
        {
            content: "Log a new request",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Subject of the call",
            trigger: "div[name='subject'] input",
            run: "edit Readings drift after firmware update",
        },
        {
            content: "Customer",
            trigger: "div[name='partner_id'] input",
            run: "edit Tour Key Account",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Key Account')",
            run: "click",
        },
        {
            content: "Contact data come from the customer",
            trigger: "div[name='phone'] input:value('+86 755 0000 0000')",
        },
        {
            content: "Fault and symptoms",
            trigger: "div[name='description'] .odoo-editor-editable",
            run: "editor The readings drift by 2% after the update.",
        },
        ...stepUtils.saveForm(),
        {
            content: "Take the request",
            trigger: "button[name='action_start']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status [aria-checked='true']:contains('In Progress')",
        },
        {
            content: "Answered on the phone",
            trigger: "button[name='action_resolve']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status [aria-checked='true']:contains('Resolved')",
        },
    ],
});
