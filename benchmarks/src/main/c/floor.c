/*
 * The floor of a probe's cost: a minimal epoll client that does, per connection, only what every probe of a
 * scanner must — a non-blocking connect, one ClientHello written, the first bytes of the answer read, a close with
 * RST (SO_LINGER 0) — and prints the process CPU it took per connection. GoalsHarness compiles it with cc -O2 and
 * runs it against the same farm, with the same number of connections, as tlsweep.
 *
 *   floor TARGETS HELLO CONNECTIONS CONCURRENCY
 *
 * TARGETS: one "a.b.c.d port" per line (IPv4), used in turn; HELLO: the bytes to send; loopback only.
 * Prints: "floor: N connections (A answered) in S s: U us user + K us system per connection".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_TARGETS 100000
#define MAX_HELLO 16384

static struct sockaddr_in targets[MAX_TARGETS];
static int ntargets;
static unsigned char hello[MAX_HELLO];
static size_t hello_len;

enum { CONNECTING = 1, READING = 2 };
struct conn { int state; };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int start(int ep, struct conn *conns, long i) {
    struct sockaddr_in *to = &targets[i % ntargets];
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) { perror("socket"); return -1; }
    struct linger lg = { 1, 0 };
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *) to, sizeof *to) < 0 && errno != EINPROGRESS) {
        close(fd);
        return 0; /* refused at once: counted, nothing to wait for */
    }
    conns[fd].state = CONNECTING;
    struct epoll_event ev = { .events = EPOLLOUT, .data.fd = fd };
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: floor TARGETS HELLO CONNECTIONS CONCURRENCY\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) { perror(argv[1]); return 2; }
    char ip[64];
    int port;
    while (ntargets < MAX_TARGETS && fscanf(f, "%63s %d", ip, &port) == 2) {
        targets[ntargets].sin_family = AF_INET;
        targets[ntargets].sin_port = htons((unsigned short) port);
        if (inet_pton(AF_INET, ip, &targets[ntargets].sin_addr) != 1
                || (ntohl(targets[ntargets].sin_addr.s_addr) >> 24) != 127) {
            fprintf(stderr, "floor: %s: not an IPv4 loopback address\n", ip);
            return 2;
        }
        ntargets++;
    }
    fclose(f);
    FILE *h = fopen(argv[2], "rb");
    if (!h) { perror(argv[2]); return 2; }
    hello_len = fread(hello, 1, sizeof hello, h);
    fclose(h);
    long total = atol(argv[3]);
    int concurrency = atoi(argv[4]);
    if (ntargets == 0 || hello_len == 0 || total <= 0 || total > 100000000L || concurrency <= 0 || concurrency > 60000) {
        fprintf(stderr, "floor: nothing to do (targets %d, hello %zu bytes, connections %ld, concurrency %d)\n",
                ntargets, hello_len, total, concurrency);
        return 2;
    }
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    struct conn *conns = calloc(rl.rlim_cur + 1, sizeof *conns);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event events[256];
    unsigned char buf[65536];
    long started = 0, done = 0, answered = 0;
    int inflight = 0;
    double t0 = now();
    while (done < total) {
        if (now() - t0 > 600) { fprintf(stderr, "floor: stopped after 600 s\n"); break; }
        while (inflight < concurrency && started < total) {
            int r = start(ep, conns, started++);
            if (r < 0) return 1;
            if (r == 0) done++; else inflight++;
        }
        int n = epoll_wait(ep, events, 256, 1000);
        for (int k = 0; k < n; k++) {
            int fd = events[k].data.fd;
            int finished = 0;
            if (conns[fd].state == CONNECTING) {
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err || write(fd, hello, hello_len) < 0) {
                    finished = 1;
                } else {
                    conns[fd].state = READING;
                    struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP, .data.fd = fd };
                    epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
                }
            } else {
                ssize_t got = read(fd, buf, sizeof buf);
                if (got > 0) answered++;
                finished = 1;
            }
            if (finished) {
                conns[fd].state = 0;
                close(fd); /* RST: SO_LINGER 0; also leaves the epoll set */
                inflight--;
                done++;
            }
        }
    }
    double secs = now() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double user = ru.ru_utime.tv_sec * 1e6 + ru.ru_utime.tv_usec;
    double sys = ru.ru_stime.tv_sec * 1e6 + ru.ru_stime.tv_usec;
    printf("floor: %ld connections (%ld answered) in %.2f s: %.1f us user + %.1f us system per connection\n",
            done, answered, secs, user / done, sys / done);
    return 0;
}
