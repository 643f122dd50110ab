/*
 * Strings of Django's admin JavaScript (its "djangojs" catalogue, served by the admin's
 * jsi18n view) that its own catalogues leave untranslated or wrong in Italian or Russian:
 * the two-list selector of filter_horizontal ("Choose tavoli tematici by selecting them…",
 * «отфитровать», «и и нажмите») and the changelist's warnings, written with «tu». Listing them
 * here keeps them in the project's djangojs catalogue (`make messages` extracts only what the
 * project's files mark), and the jsi18n view merges the project's catalogue (LOCALE_PATHS)
 * over Django's. The translations need no agreement with the model's name, which the
 * selector inserts in the nominative ("%s": «tavoli tematici», «regioni»).
 *
 * Nothing loads this file: it is not under static/, so it is neither collected nor served.
 * The same for the Python strings in taskforce/library_strings.py.
 */
gettext('Choose %s by selecting them and then select the "Choose" arrow button.');
gettext('Remove %s by selecting them and then select the "Remove" arrow button.');
gettext("Type into this box to filter down the list of available %s.");
gettext("Type into this box to filter down the list of selected %s.");
gettext("Chosen %s");
gettext("Choose all %s");
gettext("Choose selected %s");
gettext("Remove selected %s");
gettext("Remove all %s");
gettext("(click to clear)");
gettext("You have unsaved changes on individual editable fields. If you run an action, your unsaved changes will be lost.");
gettext("You have selected an action, but you haven’t saved your changes to individual fields yet. Please click OK to save. You’ll need to re-run the action.");
gettext("You have selected an action, and you haven’t made any changes on individual fields. You’re probably looking for the Go button rather than the Save button.");
ngettext("Note: You are %s hour ahead of server time.", "Note: You are %s hours ahead of server time.", 0);
ngettext("Note: You are %s hour behind server time.", "Note: You are %s hours behind server time.", 0);
