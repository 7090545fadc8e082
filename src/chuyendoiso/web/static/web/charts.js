/* Charts of the pages (web/_chart.html, web/charts.py).
 *
 * Each chart is a <div class="chart" data-chart="ID"> whose data is the JSON of the
 * <script type="application/json" id="ID"> beside it (Django's json_script: data, not code).
 * Apache ECharts, served by the site itself (static/vendor/, `make assets`), is loaded
 * only on a page that has a chart; it draws on a canvas (the SVG renderer would write
 * style attributes, which the content security policy forbids), describes the chart to
 * screen readers (aria), uses the Okabe-Ito colours, which colour-blind readers tell
 * apart, and writes numbers as the page's language does. The table of the same data,
 * open when there is no script, is folded once the chart is drawn.
 */
(function () {
  "use strict";

  // Okabe & Ito, "Color Universal Design" (2008), dark blue first
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];
  var loading = null;

  function loadECharts(src) {
    if (window.echarts) return Promise.resolve(window.echarts);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = function () { resolve(window.echarts); };
        script.onerror = function () { reject(new Error("cannot load " + src)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  var PERCENT_DECIMALS = 2;

  // a value as the page's language writes it, with up to the figure's decimals (never
  // rounded to thousands or millions): 1.567.705 / 1,567,705; a percentage in the language's
  // percent notation with up to two decimals, 89,44% / 89.44%
  function formatter(data, lang) {
    var percent = data.unit === "%";
    var number = new Intl.NumberFormat(lang, {
      style: percent ? "percent" : "decimal",
      maximumFractionDigits: percent ? Math.max(data.decimals, PERCENT_DECIMALS) : data.decimals
    });
    return function (value) {
      if (value === null || value === undefined) return "—";
      return number.format(percent ? value / 100 : value);
    };
  }

  // an axis label: the value itself, or counted in the chart's scale with its word
  // ("400 nghìn tỷ" / "400 trillion") when its figures are too long to write in full there
  function axisFormatter(data, lang, format) {
    if (!data.scale || data.scale === 1) return format;
    var scaled = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
    return function (value) {
      if (value === null || value === undefined) return "—";
      return value === 0 ? "0" : scaled.format(value / data.scale) + " " + data.scaleLabel;
    };
  }

  // the tooltip's value with its unit ("1,830 stations"); a percentage has its sign already
  function withUnit(data, format) {
    var unit = data.unit && data.unit !== "%" ? " " + data.unit : "";
    return function (value) {
      return value === null || value === undefined ? "—" : format(value) + unit;
    };
  }

  function option(data, lang, width) {
    var format = formatter(data, lang);
    var several = data.series.length > 1;
    var horizontal = data.kind === "hbar";
    // one series of bars: each bar says its value, the value axis needs no labels
    var labelled = horizontal && !several;
    var longest = 0;
    data.series.forEach(function (each) {
      each.values.forEach(function (value) { longest = Math.max(longest, format(value).length); });
    });
    var categories = {
      type: "category",
      data: data.categories,
      inverse: horizontal, // the first category on top, as in the table
      axisLabel: { width: Math.min(180, Math.round(width * 0.4)), overflow: "truncate", hideOverlap: true },
      axisTick: { alignWithLabel: true }
    };
    // whole numbers (a count) get whole ticks: no "1, 1, 2" from rounded halves
    var whole = data.decimals === 0 && data.unit !== "%";
    var values = {
      type: "value",
      minInterval: whole ? 1 : 0,
      axisLabel: { show: !labelled, formatter: axisFormatter(data, lang, format) }
    };
    return {
      color: PALETTE,
      animation: !window.matchMedia("(prefers-reduced-motion: reduce)").matches,
      textStyle: { fontFamily: "Noto Sans, DejaVu Sans, Arial, sans-serif" },
      aria: {
        enabled: true,
        label: { description: data.description },
        decal: { show: several } // patterns besides colours when series must be told apart
      },
      tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: withUnit(data, format) },
      legend: several ? { top: 0 } : { show: false },
      // the axis labels are kept inside the canvas (ECharts' outer bounds), the bars' own
      // labels inside the right margin
      grid: { left: 8, right: labelled ? 12 + 8 * longest : 24, top: several ? 36 : 12, bottom: 8 },
      xAxis: horizontal ? values : categories,
      yAxis: horizontal ? categories : values,
      series: data.series.map(function (each) {
        return {
          type: data.kind === "line" ? "line" : "bar",
          name: each.name,
          data: each.values,
          label: { show: labelled, position: "right", formatter: function (p) { return format(p.value); } }
        };
      })
    };
  }

  function draw(element, echarts) {
    var data = JSON.parse(document.getElementById(element.dataset.chart).textContent);
    var lang = document.documentElement.lang || "vi";
    element.hidden = false;
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option(data, lang, element.clientWidth));
    window.addEventListener("resize", function () {
      chart.resize();
      chart.setOption(option(data, lang, element.clientWidth));
    });
    var table = element.parentElement.querySelector("details.chart-table");
    if (table) table.open = false;
  }

  function drawAll() {
    var elements = document.querySelectorAll("div.chart[data-chart]");
    if (!elements.length) return;
    loadECharts(elements[0].dataset.echarts).then(function (echarts) {
      elements.forEach(function (element) { draw(element, echarts); });
    }, function (error) {
      // the tables stay open: the figures are there without the pictures
      if (window.console) window.console.error(error.message);
    });
  }

  // drawn once the page's fonts are there: ECharts measures the labels with them
  function whenReady() {
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(drawAll);
    else drawAll();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", whenReady);
  else whenReady();
})();
