import { registry } from "@web/core/registry";

// A 1x1 PNG: the photo of the faulty unit.
const PHOTO_PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

async function attachPhoto(input) {
    const blob = await (await fetch(`data:image/png;base64,${PHOTO_PNG}`)).blob();
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(new File([blob], "faulty-unit.png", { type: "image/png" }));
    input.files = dataTransfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

// A portal customer asks for the repair of one of their units, with a photo.
registry.category("web_tour.tours").add("aftersales_portal_request_tour", {
    url: "/my/requests",
    steps: () => [
        {
            content: "Ask for service",
            trigger: "a.o_aftersales_new_request",
            run: "click",
        },
        {
            content: "A repair request",
            trigger: "select[name='request_type']",
            run: "select repair",
        },
        {
            content: "Subject",
            trigger: "input[name='subject']",
            run: "edit Display stays blank",
        },
        {
            content: "The customer's own unit",
            trigger: "select[name='equipment_id']",
            run: "selectByLabel PTOUR-0001",
        },
        {
            content: "Fault and symptoms",
            trigger: "textarea[name='description']",
            run: "edit The display stays blank after power on; the fan runs.",
        },
        {
            content: "The phone comes from the customer",
            trigger: "input[name='phone']:value('+86 20 5555 0101')",
        },
        {
            content: "Join a photo",
            trigger: "input[name='attachments']",
            async run(helpers) {
                await attachPhoto(helpers.anchor);
            },
        },
        {
            content: "Submit",
            trigger: "button.o_aftersales_submit_request",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The new request's page, in state New",
            trigger: ".o_aftersales_portal_request .o_aftersales_request_state:contains('New')",
        },
        {
            content: "The photo is in the communication history",
            trigger: "#chatterRoot:shadow .o-mail-Message [title='faulty-unit.png']",
        },
    ],
});
