// Package faults holds the fault tests of the portal: the real binary against a private
// PostgreSQL cluster, through a database restart, SIGTERM under load, two instances and slow
// clients. They print their figures; run them with `make test-faults`.
package faults
