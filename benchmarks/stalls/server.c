// The least HTTP server: one thread, one connection at a time, a fixed 200 for every request (a head ended by a blank
// line). What a call over loopback costs this machine when neither end is a JVM. Usage: server PORT.
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int listening = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(listening, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in at = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1])), .sin_addr.s_addr = htonl(0x7f000001)};
    if (bind(listening, (struct sockaddr *) &at, sizeof at) != 0 || listen(listening, 16) != 0) {
        perror("bind");
        return 1;
    }
    const char *answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    for (;;) {
        int c = accept(listening, NULL, NULL);
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        char in[8192];
        int got = 0;
        long r;
        while ((r = read(c, in + got, sizeof in - 1 - got)) > 0) {
            got += r;
            in[got] = 0;
            char *end;
            while ((end = strstr(in, "\r\n\r\n")) != NULL) {
                if (write(c, answer, strlen(answer)) < 0) {
                    break;
                }
                got -= end + 4 - in;
                memmove(in, end + 4, got + 1);
            }
        }
        close(c);
    }
}
