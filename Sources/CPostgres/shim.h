#ifndef LEDGER_CPOSTGRES_SHIM_H
#define LEDGER_CPOSTGRES_SHIM_H

#include <libpq-fe.h>

/* libpq's diagnostic field codes are char macros, which Swift cannot import. */
static const int ledger_pg_diag_sqlstate = 'C';
static const int ledger_pg_diag_message_primary = 'M';
static const int ledger_pg_diag_message_detail = 'D';
static const int ledger_pg_diag_constraint_name = 'n';

#endif
