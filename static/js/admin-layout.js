"use strict";
// The back office opens with its navigation folded away, so that lists and forms
// have the width of a laptop's screen; the « button beside the page opens it, and
// the choice is kept (Django's nav_sidebar.js reads and writes the same key, and
// runs after this script).
if (localStorage.getItem("django.admin.navSidebarIsOpen") === null) {
  localStorage.setItem("django.admin.navSidebarIsOpen", "false");
}
