using Microsoft.Extensions.Options;

namespace TwinGan.ServiceDefaults.Security;

/// <summary>Auth turned on without usable keys would lock everyone out: refuse to start instead.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    private const int MinKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (!options.Enabled) return ValidateOptionsResult.Success;
        if (options.Keys.Count == 0)
            return ValidateOptionsResult.Fail("Auth:Enabled is true but Auth:Keys is empty.");
        var errors = new List<string>();
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            if (key.Key.Length < MinKeyLength)
                errors.Add($"Auth:Keys:{i}:Key must be at least {MinKeyLength} characters.");
            if (!Enum.IsDefined(key.Scope))
                errors.Add($"Auth:Keys:{i}:Scope must be User or Admin.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
