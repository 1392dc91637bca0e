using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HsePayord.Modules.Operations.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "operations");

            migrationBuilder.CreateTable(
                name: "audit",
                schema: "operations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.SerialColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "text", nullable: false),
                    action = table.Column<string>(type: "text", nullable: false),
                    target = table.Column<string>(type: "text", nullable: false),
                    result = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("audit_pkey", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "message_edits",
                schema: "operations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.SerialColumn),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    edited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    edited_by = table.Column<string>(type: "text", nullable: false),
                    original_body = table.Column<byte[]>(type: "bytea", nullable: false),
                    edited_body = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("message_edits_pkey", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "retry_runs",
                schema: "operations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_by = table.Column<string>(type: "text", nullable: false),
                    selection = table.Column<string>(type: "text", nullable: false),
                    batch_size = table.Column<int>(type: "integer", nullable: false),
                    pause_ms = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("retry_runs_pkey", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "retry_run_messages",
                schema: "operations",
                columns: table => new
                {
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    seq = table.Column<int>(type: "integer", nullable: false),
                    message_type = table.Column<string>(type: "text", nullable: false),
                    outcome = table.Column<string>(type: "text", nullable: false),
                    batch = table.Column<int>(type: "integer", nullable: true),
                    replayed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    replay_count = table.Column<int>(type: "integer", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("retry_run_messages_pkey", x => new { x.run_id, x.message_id });
                    table.ForeignKey(
                        name: "retry_run_messages_run_id_fkey",
                        column: x => x.run_id,
                        principalSchema: "operations",
                        principalTable: "retry_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "audit_at",
                schema: "operations",
                table: "audit",
                column: "at",
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "message_edits_message",
                schema: "operations",
                table: "message_edits",
                column: "message_id");

            migrationBuilder.CreateIndex(
                name: "retry_run_messages_outcome",
                schema: "operations",
                table: "retry_run_messages",
                columns: new[] { "run_id", "outcome", "seq" });

            migrationBuilder.CreateIndex(
                name: "retry_runs_started",
                schema: "operations",
                table: "retry_runs",
                column: "started_at",
                descending: new bool[0]);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit",
                schema: "operations");

            migrationBuilder.DropTable(
                name: "message_edits",
                schema: "operations");

            migrationBuilder.DropTable(
                name: "retry_run_messages",
                schema: "operations");

            migrationBuilder.DropTable(
                name: "retry_runs",
                schema: "operations");
        }
    }
}
