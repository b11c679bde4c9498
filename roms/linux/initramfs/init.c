/*
 * init: PID 1 of vsim's default Linux guest.
 *
 * Mounts /proc, /sys and /dev (devtmpfs), prints the marker line
 * "vsim-init: userspace up", then runs the shell /bin/vsh on the console.
 *
 * Arguments after "--" on the kernel command line reach init as argv[1..]
 * and are handed to the shell; such a non-interactive run powers the machine
 * off when the shell exits, e.g.
 *     -append "console=ttyS0 -- -c \"uname -a; cat /proc/cpuinfo\""
 * An interactive shell is started again when it exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHELL "/bin/vsh"

static void say(const char *msg)
{
    ssize_t unused = write(2, msg, strlen(msg));
    (void)unused;
}

static void mount_fs(const char *src, const char *dir, const char *type, unsigned long flags)
{
    mkdir(dir, 0755);
    if (mount(src, dir, type, flags, NULL) != 0 && errno != EBUSY) {
        char buf[160];
        snprintf(buf, sizeof buf, "vsim-init: mount %s on %s: %s\n", type, dir, strerror(errno));
        say(buf);
    }
}

/* Make sure fds 0, 1, 2 exist (they should: the kernel opens /dev/console). */
static void ensure_stdio(void)
{
    if (fcntl(0, F_GETFD) < 0) {
        int fd = open("/dev/console", O_RDWR | O_NOCTTY);
        if (fd < 0)
            return;
        if (fd != 0) {
            dup2(fd, 0);
            close(fd);
        }
    }
    if (fcntl(1, F_GETFD) < 0)
        dup2(0, 1);
    if (fcntl(2, F_GETFD) < 0)
        dup2(0, 2);
}

/*
 * The tty behind /dev/console (the last name in /sys/class/tty/console/active),
 * so that the shell can have a controlling terminal and Ctrl-C works:
 * /dev/console itself cannot be one.
 */
static int open_console_tty(void)
{
    char names[128], path[160];
    int fd = open("/sys/class/tty/console/active", O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, names, sizeof names - 1);
    close(fd);
    if (n <= 0)
        return -1;
    names[n] = '\0';
    char *end = names + strcspn(names, "\n");
    *end = '\0';
    char *last = strrchr(names, ' ');
    last = last ? last + 1 : names;
    if (!*last)
        return -1;
    snprintf(path, sizeof path, "/dev/%s", last);
    return open(path, O_RDWR | O_NOCTTY);
}

static pid_t spawn_shell(char **args)
{
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    /* child */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    setsid();
    int tty = open_console_tty();
    if (tty >= 0) {
        dup2(tty, 0);
        dup2(tty, 1);
        dup2(tty, 2);
        if (tty > 2)
            close(tty);
    }
    ioctl(0, TIOCSCTTY, 0);
    static char *envp[] = {"PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/", "TERM=vt100", NULL};
    execve(SHELL, args, envp);
    say("vsim-init: cannot run " SHELL "\n");
    _exit(127);
}

int main(int argc, char **argv)
{
    ensure_stdio();
    mount_fs("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC);
    mount_fs("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC);
    mount_fs("devtmpfs", "/dev", "devtmpfs", MS_NOSUID);
    mkdir("/mnt", 0755);
    mkdir("/tmp", 01777);

    say("vsim-init: userspace up\n");

    /* PID 1 must not die of a stray signal; Ctrl-Alt-Del should not reboot at once. */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    reboot(RB_DISABLE_CAD);

    int batch = argc > 1; /* arguments: run them once, then power off */
    char *args[argc + 2];
    args[0] = "vsh";
    for (int i = 1; i < argc; i++)
        args[i] = argv[i];
    args[argc] = NULL;

    for (;;) {
        pid_t shell = spawn_shell(args);
        if (shell < 0) {
            say("vsim-init: fork failed\n");
            sleep(1);
            continue;
        }
        int status = 0;
        pid_t pid;
        /* reap everything (orphans are ours) until the shell itself exits */
        while ((pid = wait(&status)) != shell)
            if (pid < 0 && errno == ECHILD)
                break;
        if (batch) {
            char buf[80];
            snprintf(buf, sizeof buf, "vsim-init: shell exited with status %d; powering off\n",
                     WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
            say(buf);
            sync();
            reboot(RB_POWER_OFF);
            say("vsim-init: power off failed\n");
            for (;;)
                pause();
        }
        say("vsim-init: shell exited; starting a new one\n");
        sleep(1);
    }
}
