// Prints each event's UID and its start in UTC, as ical.js reads the file.
const ICAL = require(process.argv[2]);
const text = require("fs").readFileSync(0, "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const out = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return [event.uid, event.startDate.toJSDate().toISOString(), vevent.getFirstPropertyValue("sequence")];
});
console.log(JSON.stringify(out));
