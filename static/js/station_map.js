/*
 * The station map of the public directory page: one marker per listed station, with a popup.
 *
 * The page's content security policy forbids inline scripts, so the stations and the tile
 * configuration arrive in <script type="application/json"> tags (Django's json_script). The
 * map is decoration beside the list (aria-hidden): its links are kept out of the tab order,
 * and a tile server that cannot be reached leaves the markers and the list as they are.
 */
(function () {
  "use strict";

  var container = document.getElementById("station-map");
  var dataTag = document.getElementById("station-map-data");
  var configTag = document.getElementById("station-map-config");
  if (!container || !dataTag || !configTag || typeof window.L === "undefined") {
    return;
  }
  var L = window.L;
  var stations = JSON.parse(dataTag.textContent);
  var config = JSON.parse(configTag.textContent);

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // Built from DOM nodes with textContent, never from HTML strings: names and addresses are data.
  function popupContent(station) {
    var box = element("div", "station-popup");
    box.appendChild(element("strong", "station-popup-name", station.name));
    var place = [station.county, station.township, station.village].filter(Boolean).join(" · ");
    box.appendChild(element("p", "station-popup-place", place));
    box.appendChild(element("p", "station-popup-address", station.address));
    if (station.hours) {
      box.appendChild(element("p", "station-popup-hours", config.labels.hours + ": " + station.hours));
    }
    var link = element("a", "station-popup-link", config.labels.showInList);
    link.href = station.anchor;
    box.appendChild(link);
    return box;
  }

  function keepOutOfTabOrder() {
    container.querySelectorAll("a, button, [tabindex]").forEach(function (node) {
      node.setAttribute("tabindex", "-1");
    });
  }

  container.hidden = false;
  var map = L.map(container, {
    center: config.center,
    zoom: config.zoom,
    minZoom: config.minZoom || undefined,
    maxZoom: config.maxZoom || undefined,
    keyboard: false,
    scrollWheelZoom: false
  });
  if (config.attributionPrefix !== null && config.attributionPrefix !== undefined) {
    map.attributionControl.setPrefix(config.attributionPrefix);
  }
  L.tileLayer(config.tileUrl, config.tileOptions).addTo(map);

  var bounds = [];
  stations.forEach(function (station) {
    var point = [station.lat, station.lng];
    bounds.push(point);
    L.marker(point, { title: station.name, alt: station.name, keyboard: false })
      .bindPopup(popupContent(station))
      .addTo(map);
  });
  if (bounds.length === 1) {
    map.setView(bounds[0], 14);
  } else if (bounds.length > 1) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
  }

  keepOutOfTabOrder();
  map.on("popupopen", keepOutOfTabOrder);
})();
