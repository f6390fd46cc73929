// factdesk web desk: submit through the API, poll a check's progress. Plain JS; every form works without it.
"use strict";

const TOKEN_KEY = "factdesk-token";

function tokenHeaders(form) {
  const field = form.querySelector("[data-token]");
  const token = (field && field.value.trim()) || sessionStorage.getItem(TOKEN_KEY) || "";
  if (field && field.value.trim()) sessionStorage.setItem(TOKEN_KEY, field.value.trim());
  return token ? { Authorization: "Bearer " + token } : {};
}

function showError(form, message) {
  const box = form.querySelector("[role=alert]");
  box.textContent = message; // textContent: a server message is never parsed as HTML
  box.hidden = false;
  box.focus();
}

async function postJSON(form, url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...tokenHeaders(form) },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || "HTTP " + response.status);
  return data;
}

function setupCheckForm(form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = form.elements.text.value;
    const url = form.elements.url.value.trim();
    const body = { kb: form.elements.kb.value || null, as_of: form.elements.as_of.value || null };
    if (text.trim()) body.text = text;
    else if (url) body.url = url;
    else return showError(form, "Paste the article text or give its URL.");
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const job = await postJSON(form, form.dataset.api, body);
      window.location.assign(job.links.desk);
    } catch (error) {
      showError(form, error.message);
      button.disabled = false;
    }
  });
}

function setupFeedForm(form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await postJSON(form, form.dataset.api, { url: form.elements.url.value.trim() });
      window.location.reload();
    } catch (error) {
      showError(form, error.message);
    }
  });
}

function pollCheck(box) {
  const statusEl = box.querySelector("[data-status]");
  const progressEl = box.querySelector("[data-progress]");
  const tick = async () => {
    try {
      const response = await fetch(box.dataset.poll, { headers: { Accept: "application/json" } });
      const data = await response.json();
      if (data.status === "done" || data.status === "failed") {
        window.location.reload();
        return;
      }
      statusEl.textContent = data.status;
      progressEl.textContent = data.progress || "waiting for a worker";
    } catch (error) {
      progressEl.textContent = "lost contact with the server, retrying…";
    }
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 500);
}

document.addEventListener("DOMContentLoaded", () => {
  const checkForm = document.getElementById("check-form");
  if (checkForm) setupCheckForm(checkForm);
  const feedForm = document.getElementById("feed-form");
  if (feedForm) setupFeedForm(feedForm);
  const progress = document.querySelector("[data-poll]");
  if (progress) pollCheck(progress);
  // following a claim link moves keyboard focus to the target, not just the scroll position
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    const target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) {
      if (!target.hasAttribute("tabindex") && !target.matches("a,button,input,textarea,select")) {
        target.setAttribute("tabindex", "-1");
      }
      setTimeout(() => target.focus(), 0);
    }
  });
  const alertBox = document.querySelector("[role=alert]:not([hidden])");
  if (alertBox) alertBox.setAttribute("tabindex", "-1");
  document.querySelectorAll("[role=alert]").forEach((box) => box.setAttribute("tabindex", "-1"));
});
