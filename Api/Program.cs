using WeChatLib.Api.Binding;
using WeChatLib.Api.Endpoints;
using WeChatLib.Api.H5;
using WeChatLib.Api.Hosting;
using WeChatLib.Api.WeChat;
using WeChatLib.Infrastructure;

var command = HostCommand.Parse(args);
var builder = WebApplication.CreateBuilder(ApplicationHost.Options(command.HostArgs));

builder.AddServiceDefaults();
builder.AddObservability();
builder.Services.AddUseCases(builder.Configuration);
builder.Services.AddInfrastructure(builder.Configuration);

var app = builder.Build();

app.UseServiceDefaults();
app.MapHealthEndpoints();
app.MapMetricsEndpoint();
app.MapProblemTypeEndpoints();
app.MapBranchEndpoints();
app.MapTitleEndpoints();
app.MapNewArrivalEndpoints();
app.MapAuthEndpoints();
app.MapMeEndpoints();
app.MapMyLoanEndpoints();
app.MapMyHoldEndpoints();
app.MapMySeatEndpoints();
app.MapRoomEndpoints();
app.MapMyRoomEndpoints();
app.MapPatronEndpoints();
app.MapCirculationDeskEndpoints();
app.MapStaffHoldEndpoints();
app.MapStaffSeatEndpoints();
app.MapStaffRoomEndpoints();
app.MapStaffLoanEndpoints();
app.MapOverdueEndpoints();
app.MapCatalogueEndpoints();
app.MapLoanPolicyEndpoints();
app.MapHoldPolicyEndpoints();
app.MapSeatStandingEndpoints();
app.MapSeatRulesEndpoints();
app.MapNoticeEndpoints();
app.MapAnnouncementEndpoints();
app.MapStaffAccountEndpoints();
app.MapOutboxEndpoints();
app.MapMenuEndpoints();
app.MapBindingPages();
app.MapBrowserPages();
app.MapWeChatCallback();
app.MapBenchEndpoints(app.Configuration);

return await app.RunCommandAsync(command);

/// <summary>The entry point, public so that tests can host the service with WebApplicationFactory.</summary>
public partial class Program;
