global using System.Text.Json.Nodes;
global using TwinGan.Testing;
global using Xunit;
