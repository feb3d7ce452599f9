import { registry } from "@web/core/registry";

// An administrator fills a schedule of China for 2026 in one click, then imports 2025 with a preview.
// The schedule is created by the Python test (test_tour.py), which opens its form.
registry.category("web_tour.tours").add("public_holiday_sync_tour", {
    steps: () => [
        {
            content: "One click: import the current and the next published year",
            trigger: "button[name='action_sync_public_holidays']",
            run: "click",
        },
        {
            content: "Open the extra working days",
            trigger: "a.nav-link:contains('Extra Working Days')",
            run: "click",
        },
        {
            content: "Sunday 20 September 2026 is a make-up working day",
            trigger: "div[name='workday_ids'] .o_data_row:contains('09/20/2026'):contains('Imported')",
        },
        {
            content: "Saturday 10 October 2026 too",
            trigger: "div[name='workday_ids'] .o_data_row:contains('10/10/2026')",
        },
        {
            content: "Open the wizard to import another year",
            trigger: "button:contains('Sync Public Holidays...')",
            run: "click",
        },
        {
            content: "The schedule is chosen",
            trigger: ".modal div[name='calendar_ids'] .o_tag:contains('China Office (tour)')",
        },
        {
            content: "Only 2025",
            trigger: ".modal div[name='years'] input",
            run: "edit 2025",
        },
        {
            content: "Preview",
            trigger: ".modal button[name='action_preview']",
            run: "click",
        },
        {
            content: "National Day and Mid-Autumn 2025 make one time off to create",
            trigger: ".modal .o_data_row:contains('国庆节、中秋 (National Day, Mid-autumn Festival)'):contains('Create')",
        },
        {
            content: "Apply",
            trigger: ".modal button[name='action_apply']:contains('Apply')",
            run: "click",
        },
        {
            content: "The import says what it did",
            trigger: ".o_notification:contains('Public holidays imported')",
        },
    ],
});
