// Sign-in, the caller's role, and which page the address shows.
import { get, token, keepToken, forgetToken, ApiError } from "./api.js";
import { fill, notice } from "./dom.js";
import { showDashboard } from "./dashboard.js";
import { showCases, showNewCase, showCase } from "./cases.js";
import { can } from "./roles.js";

const state = { me: null };

function element(id) {
  return document.getElementById(id);
}

function showSignIn(message) {
  state.me = null;
  element("nav").hidden = true;
  element("who").hidden = true;
  fill(element("page"));
  element("sign-in").hidden = false;
  element("token-error").textContent = message || "";
  element("token-input").setAttribute("aria-invalid", message ? "true" : "false");
  element("token-input").focus();
}

async function signIn(value) {
  keepToken(value);
  try {
    state.me = await get("/me");
  } catch (error) {
    forgetToken();
    showSignIn(error instanceof ApiError && error.status === 401
      ? "That token is unknown or revoked."
      : `Cannot sign in: ${error.message}`);
    return false;
  }
  element("sign-in").hidden = true;
  element("token-input").value = "";
  element("nav").hidden = false;
  element("nav-dashboard").hidden = !can(state.me, "dashboard");
  element("who").hidden = false;
  const stations = state.me.stationIds.length ? state.me.stationIds.join(", ") : "all stations";
  element("who-text").textContent = `${state.me.name || "signed in"} · ${state.me.role} · ${stations}`;
  document.body.dataset.role = state.me.role;
  return true;
}

function route() {
  if (!state.me) return;
  const hash = location.hash.replace(/^#\/?/, "");
  const [page, ...rest] = hash.split("/");
  const target = element("page");
  for (const link of element("nav").querySelectorAll("a")) {
    link.toggleAttribute("aria-current", link.getAttribute("href") === `#/${page}`);
  }
  if (page === "dashboard" || (page === "" && can(state.me, "dashboard"))) {
    if (!can(state.me, "dashboard")) {
      fill(target, notice("The dashboard is for supervisors; a clerk token cannot read the statistics."));
      return;
    }
    showDashboard(target, state.me);
  } else if (page === "new" && (rest[0] === "dispute" || rest[0] === "alert")) {
    showNewCase(target, state.me, rest[0]);
  } else if ((page === "dispute" || page === "alert") && rest[0]) {
    showCase(target, state.me, page, rest[0]);
  } else {
    showCases(target, state.me, new URLSearchParams(hash.split("?")[1] || ""));
  }
  element("main").focus({ preventScroll: true });
}

async function start() {
  element("sign-in-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = element("token-input").value.trim();
    if (!value) {
      showSignIn("Enter your token.");
      return;
    }
    if (await signIn(value)) route();
  });
  element("sign-out").addEventListener("click", () => {
    forgetToken();
    location.hash = "";
    showSignIn();
  });
  window.addEventListener("ledger:unauthorized", () => {
    forgetToken();
    showSignIn("Your token is no longer valid; sign in again.");
  });
  window.addEventListener("hashchange", route);
  const kept = token();
  if (kept && (await signIn(kept))) route();
  else if (!kept) showSignIn();
}

start();
