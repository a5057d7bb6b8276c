"""What the tests and the benches both start and watch: real clusters, throwaway servers,
a process's peak memory. Never imported by the project's own code."""
