/* The floor for a port sweep in C: every TCP port of 127.0.0.1 with the system calls the JDK
 * makes (socket, non-blocking, connect, poll, SO_ERROR, close), split over two processes.
 * bench/floor.sh runs it beside nmap and the Java floor. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int sweep(int from, int to) {
  int open = 0;
  for (int p = from; p <= to; p++) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(p);
    a.sin_addr.s_addr = htonl(0x7f000001);
    connect(s, (struct sockaddr *)&a, sizeof a);
    struct pollfd pf = {s, POLLOUT, 0};
    poll(&pf, 1, 0);
    int e = 0;
    socklen_t l = sizeof e;
    getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &l);
    if (!e && (pf.revents & POLLOUT)) open++;
    close(s);
  }
  return open;
}

int main(void) {
  pid_t child = fork();
  if (child == 0) return sweep(32768, 65535) > 0;
  sweep(1, 32767);
  waitpid(child, NULL, 0);
  return 0;
}
