/* The session's page in the admin: choosing the host region proposes its time zone (the
   zone of the region's capital, sessions_app/time_zones.py), which staff may still change
   to another zone of the host country. The map of regions to zones is on the zone's select
   (data-region-zones). */
"use strict";
(function () {
  function propose(region, zone) {
    const zones = JSON.parse(zone.dataset.regionZones || "{}");
    const proposed = zones[region.value];
    if (proposed && zone.value !== proposed) {
      zone.value = proposed;
      zone.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function start() {
    const region = document.getElementById("id_host_region");
    const zone = document.getElementById("id_time_zone");
    if (!region || !zone) { return; }
    // Only a region staff actually change proposes a zone: the admin fires "change" on every
    // related field as the page loads (RelatedObjectLookups.js), and a stored zone must never
    // be replaced behind the reader's back (the programme's times are read in it).
    let chosen = region.value;
    const onChange = () => {
      if (region.value === chosen) { return; }
      chosen = region.value;
      propose(region, zone);
    };
    // The region is an autocomplete (select2), which announces a choice through jQuery.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(region).on("change", onChange);
    } else {
      region.addEventListener("change", onChange);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
