package io.jswoole.launcher;

import io.jswoole.JswooleException;
import io.jswoole.Server;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Makes the server of an application class given by {@code --app}: the class must have
 * {@code public static Server create(String host, int port)} that configures a server without
 * starting it, as the built-in examples do. It is found by its binary name on the class path
 * (or in a module on the module path whose package is exported).
 */
final class AppLoader {
    private static final String SIGNATURE = "public static Server create(String host, int port)";

    private AppLoader() {
    }

    /**
     * Loads {@code className} and calls its {@code create(host, port)}.
     *
     * @throws UsageException    if the class or its method is missing or unfit
     * @throws JswooleException  if {@code create} throws (a {@link io.jswoole.settings.SettingsException} as is)
     */
    static Server create(String className, String host, int port) {
        Method create = factoryMethod(load(className));
        Object server;
        try {
            server = create.invoke(null, host, port);
        } catch (IllegalAccessException e) {
            throw new UsageException("app " + className + ": create(String, int) is not accessible ("
                    + e.getMessage() + "); its class and package must be public and exported", e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof JswooleException je) {
                throw je;
            }
            throw new JswooleException("app " + className + ": create failed: " + cause, cause);
        }
        if (server == null) {
            throw new UsageException("app " + className + ": create returned null instead of a Server");
        }
        return (Server) server;
    }

    private static Class<?> load(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(className, true, loader != null ? loader : AppLoader.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UsageException("app class " + className + " not found; put it on the class path"
                    + " (JSWOOLE_CLASSPATH) and give its binary name, e.g. com.example.App or com.example.Outer$App", e);
        } catch (ExceptionInInitializerError e) {
            throw new JswooleException("app class " + className + " failed to initialize: " + e.getCause(), e.getCause());
        } catch (LinkageError e) {
            throw new UsageException("app class " + className + " cannot be loaded: " + e, e);
        }
    }

    private static Method factoryMethod(Class<?> cls) {
        Method m;
        try {
            m = cls.getMethod("create", String.class, int.class);
        } catch (NoSuchMethodException e) {
            throw new UsageException("app class " + cls.getName() + " has no " + SIGNATURE, e);
        }
        if (!Modifier.isStatic(m.getModifiers()) || !Server.class.isAssignableFrom(m.getReturnType())) {
            throw new UsageException("app class " + cls.getName() + ": create must be declared " + SIGNATURE);
        }
        m.trySetAccessible();   // a public method of a non-public class
        return m;
    }
}
