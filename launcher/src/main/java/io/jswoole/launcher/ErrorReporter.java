package io.jswoole.launcher;

import io.jswoole.settings.SettingsException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Turns every failure into one line on standard error and an exit status; never a stack trace. */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        print(cl, e.getMessage() + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        return Main.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
        print(cl, message(e));
        return exitCode(e);
    }

    /** Prints {@code e} as one line on {@code err}, as for a command, and returns its exit status. */
    static int report(Throwable e, java.io.PrintStream err) {
        err.println("jswoole: " + message(e));
        err.flush();
        return exitCode(e);
    }

    /** 2 for what the user gave wrongly, 1 for everything else. */
    static int exitCode(Throwable e) {
        return e instanceof UsageException || e instanceof SettingsException ? Main.USAGE : Main.FAILURE;
    }

    /** The exception's message on one line; its type as well when the message alone would not say much. */
    static String message(Throwable e) {
        String m = e.getMessage();
        boolean ours = e instanceof UsageException || e instanceof io.jswoole.JswooleException;
        String text = ours && m != null && !m.isBlank() ? m : e.toString();
        return oneLine(text);
    }

    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static void print(CommandLine cl, String message) {
        cl.getErr().println("jswoole: " + oneLine(message));
        cl.getErr().flush();
    }
}
