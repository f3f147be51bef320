// Charts for elements with data-chart="bar|line" and a JSON <script> next to them; htmx requests carry
// the CSRF token. No external network: Chart.js and htmx are served by Platte itself.
(function () {
    "use strict";

    const STATUS_COLORS = {
        undefined: "#98a2b3", granted: "#2e90fa", downloading: "#7a5af8", downloaded: "#9e77ed",
        installed: "#ee46bc", complete: "#12b76a", error: "#d92d20", on_hold: "#f79009", timed_out: "#b54708"
    };

    function versionColor(version) {
        let hash = 0;
        for (const c of version) { hash = (hash * 31 + c.charCodeAt(0)) | 0; }
        return "hsl(" + (Math.abs(hash) % 360) + ", 60%, 48%)";
    }

    function colorOf(kind, label) {
        return kind === "status" ? (STATUS_COLORS[label] || "#667085") : versionColor(label);
    }

    function render(root) {
        if (typeof Chart === "undefined") { return; }
        root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
            if (canvas.dataset.rendered) { return; }
            const data = JSON.parse(document.getElementById(canvas.dataset.source).textContent);
            const kind = canvas.dataset.kind;
            const labels = data.buckets.map(function (b) {
                const d = new Date(b);
                return data.range === "30d" || data.range === "7d"
                    ? d.toISOString().slice(5, 13).replace("T", " ") + "h"
                    : d.toISOString().slice(11, 16);
            });
            const datasets = Object.keys(data.series).map(function (label) {
                return { label: label, data: data.series[label], backgroundColor: colorOf(kind, label), stack: "s" };
            });
            new Chart(canvas, {
                type: "bar",
                data: { labels: labels, datasets: datasets },
                options: {
                    animation: false, maintainAspectRatio: false,
                    scales: { x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true } },
                              y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
                    plugins: { legend: { position: "bottom" } }
                }
            });
            canvas.dataset.rendered = "true";
        });
        root.querySelectorAll("[data-color-status]").forEach(function (el) {
            el.style.background = colorOf("status", el.dataset.colorStatus);
        });
        root.querySelectorAll("[data-color-version]").forEach(function (el) {
            el.style.background = colorOf("version", el.dataset.colorVersion);
        });
    }

    // Copy buttons: data-copy names the element whose text goes to the clipboard. The Clipboard API needs a
    // secure context (HTTPS or localhost) and the page's permission; otherwise the text is selected and copied
    // the old way.
    function copy(button) {
        const source = document.querySelector(button.dataset.copy);
        if (!source) { return; }
        const text = source.textContent;
        const done = function () {
            const label = button.textContent;
            button.textContent = "Copied";
            setTimeout(function () { button.textContent = label; }, 1500);
        };
        const selectAndCopy = function () {
            const area = document.createElement("textarea");
            area.value = text;
            area.setAttribute("readonly", "");
            area.style.position = "fixed";
            area.style.opacity = "0";
            document.body.appendChild(area);
            area.select();
            if (document.execCommand("copy")) { done(); }
            document.body.removeChild(area);
        };
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(text).then(done, selectAndCopy);
        } else {
            selectAndCopy();
        }
    }

    document.addEventListener("click", function (event) {
        const button = event.target.closest("[data-copy]");
        if (button) { copy(button); }
    });
    document.addEventListener("DOMContentLoaded", function () { render(document); });
    document.addEventListener("htmx:afterSwap", function (event) { render(event.target); });
    document.addEventListener("htmx:configRequest", function (event) {
        const token = document.querySelector("meta[name=_csrf]");
        const header = document.querySelector("meta[name=_csrf_header]");
        if (token && header) { event.detail.headers[header.content] = token.content; }
    });
})();
