using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HsePayord.Modules.Orders.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class IdempotencyKeyRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_idempotency_keys_created_at",
                schema: "orders",
                table: "idempotency_keys",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_idempotency_keys_created_at",
                schema: "orders",
                table: "idempotency_keys");
        }
    }
}
