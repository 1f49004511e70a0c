"""The agenda as a calendar: items with stable UIDs (`items`), written as
iCalendar text (`ics`) to a vdir collection kept in step (`vdir`), after every
command when `calendar.dir` is set (`sync`)."""
