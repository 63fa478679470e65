package dev.ariadne.migrations;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/** Runs the master changelog the way the orchestrator's Spring Boot configuration does. */
final class Changelogs {

    static final String MASTER = "db/changelog/db.changelog-master.yaml";

    private Changelogs() {
    }

    /** Applies every pending changeset; {@code parameters} act like spring.liquibase.parameters.*. */
    static void update(DataSource dataSource, Map<String, String> parameters) throws Exception {
        Objects.requireNonNull(parameters, "parameters");
        run(dataSource, database -> {
            ChangeLogParameters changeLogParameters = new ChangeLogParameters(database);
            parameters.forEach(changeLogParameters::set);
            new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, MASTER)
                    .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_PARAMETERS, changeLogParameters)
                    .execute();
        });
    }

    /** Rolls back the last {@code count} changesets (rollbacks see the same parameters). */
    static void rollback(DataSource dataSource, int count, Map<String, String> parameters) throws Exception {
        Objects.requireNonNull(parameters, "parameters");
        run(dataSource, database -> {
            ChangeLogParameters changeLogParameters = new ChangeLogParameters(database);
            parameters.forEach(changeLogParameters::set);
            new CommandScope(RollbackCountCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, MASTER)
                    .addArgumentValue(RollbackCountCommandStep.COUNT_ARG, count)
                    .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_PARAMETERS, changeLogParameters)
                    .execute();
        });
    }

    private static void run(DataSource dataSource, DatabaseWork work) throws Exception {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection connection = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            // As orchestrator's application.yaml: spring.liquibase.default-schema / liquibase-schema.
            database.setDefaultSchemaName("ariadne");
            database.setLiquibaseSchemaName("public");
            Scope.child(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(),
                    () -> work.run(database));
        }
    }

    @FunctionalInterface
    private interface DatabaseWork {
        void run(Database database) throws Exception;
    }

    static int appliedChangesets(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                var result = connection.createStatement()
                        .executeQuery("SELECT count(*) FROM public.databasechangelog")) {
            result.next();
            return result.getInt(1);
        }
    }
}
