global using TwinGan.Testing;
global using Xunit;
