/* Bootstrap Italia's components the portal uses, loaded as ES modules from the
   design-django-theme package (static/plugins/). Its single-file bundle is not used: it carries
   video.js and a YouTube player that insert inline <style> elements, which the strict Content
   Security Policy refuses. Each plugin binds its own data-bs-* attributes on import. */
import "../plugins/navbar-collapsible.js";
import "../plugins/collapse.js";
import "../plugins/accordion.js";
import "../plugins/alert.js";
