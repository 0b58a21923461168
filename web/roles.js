// What each role may use. The API checks every request anyway; this only decides what to show.

/** The dashboard reads /stats (supervisors, admins); the forms write (clerks, admins). */
export function can(me, what) {
  switch (what) {
    case "dashboard": return me.role === "supervisor" || me.role === "admin";
    case "record": return me.role === "clerk" || me.role === "admin";
    default: return false;
  }
}
