package dev.ariadne.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands the one {@link E2eStack} of the test run to test classes (constructor, lifecycle or test method
 * parameters). The stack lives in the root context's store, so it starts with the first class that asks and
 * is closed (Asterisks down, orchestrator stopped) when the whole run ends.
 */
public final class E2eExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(E2eExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == E2eStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context);
    }

    static E2eStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(E2eStack.class, k -> E2eStack.start(),
                E2eStack.class);
    }
}
