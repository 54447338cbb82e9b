package org.flowsec.detect.bruteforce;

/** Names of the authentication services for alert summaries: {@code ssh (tcp/22)}, else {@code tcp/902}. */
final class ServiceNames {
    private ServiceNames() {}

    static String name(int port) {
        String n = switch (port) {
            case 21 -> "ftp";
            case 22 -> "ssh";
            case 23 -> "telnet";
            case 25, 465, 587 -> "smtp";
            case 110, 995 -> "pop3";
            case 139, 445 -> "smb";
            case 143, 993 -> "imap";
            case 389, 636 -> "ldap";
            case 512 -> "rexec";
            case 513 -> "rlogin";
            case 514 -> "rsh";
            case 1433 -> "mssql";
            case 1521 -> "oracle";
            case 3306 -> "mysql";
            case 3389 -> "rdp";
            case 5432 -> "postgres";
            case 5900, 5901, 5902 -> "vnc";
            case 5985, 5986 -> "winrm";
            case 6379 -> "redis";
            case 27017 -> "mongodb";
            default -> null;
        };
        return n == null ? "tcp/" + port : n + " (tcp/" + port + ")";
    }
}
