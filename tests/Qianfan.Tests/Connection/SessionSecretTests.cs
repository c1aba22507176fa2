using System;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Connection;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Connection
{
    /// <summary>What the session does with the secrets it forgets: dispose them, not leave them readable.</summary>
    [Collection(SessionTests.Name)]
    public class SessionSecretTests
    {
        [Fact]
        public void DisconnectDisposesTheSecretKeyAndTokenItForgets()
        {
            var credential = QianfanCredential.FromPlainText("AKSESSION000000000000", "session-secret", "session-token");
            var secret = credential.SecretKey;
            var token = credential.SecurityToken;
            Assert.NotNull(token);
            QianfanSession.Connect(credential, null);

            QianfanSession.Disconnect();

            Assert.Null(QianfanSession.Credential);
            Assert.Throws<ObjectDisposedException>(() => secret.Length);
            Assert.Throws<ObjectDisposedException>(() => token.Length);
        }

        [Fact]
        public void ACommandOwnsTheKeysMadeForItAndNotTheSessions()
        {
            // Keys from -Credential or the environment are the command's own copy: it disposes them when it ends.
            var given = QianfanCredential.FromPlainText("AKPARAMETER0000000001", "parameter-secret");
            Assert.Same(given, KeysAndEndpoint.Resolve(given, null, _ => null).OwnCredential);
            var fromEnvironment = KeysAndEndpoint.Resolve(null, null, name =>
                name == KeysAndEndpoint.AccessKeyVariable ? "AKENVIRONMENT00000001" : name == KeysAndEndpoint.SecretKeyVariable ? "environment-secret" : null);
            Assert.Equal(SettingSource.Environment, fromEnvironment.CredentialSource);
            Assert.Same(fromEnvironment.Credential, fromEnvironment.OwnCredential);

            // The session's keys are shared by every command: only Disconnect-Qianfan disposes them.
            var session = QianfanCredential.FromPlainText("AKSESSION000000000003", "session-secret");
            try
            {
                QianfanSession.Connect(session, null);
                var fromSession = KeysAndEndpoint.Resolve(null, null, _ => null);
                Assert.Same(session, fromSession.Credential);
                Assert.Null(fromSession.OwnCredential);
            }
            finally
            {
                QianfanSession.Disconnect();
            }
        }

        [Fact]
        public void ConnectingAgainDisposesTheKeysItReplaces()
        {
            var first = QianfanCredential.FromPlainText("AKSESSION000000000001", "first-secret");
            var second = QianfanCredential.FromPlainText("AKSESSION000000000002", "second-secret");
            var firstSecret = first.SecretKey;
            try
            {
                QianfanSession.Connect(first, null);
                QianfanSession.Connect(second, null);

                Assert.Same(second, QianfanSession.Credential);
                Assert.Throws<ObjectDisposedException>(() => firstSecret.Length);
                Assert.Equal(13, second.SecretKey.Length);
            }
            finally
            {
                QianfanSession.Disconnect();
            }
        }

        [Fact]
        public async Task ACommandWhoseKeysWereForgottenWhileItRanFailsSayingSo()
        {
            var credential = QianfanCredential.FromPlainText("AKSESSION000000000003", "forgotten-secret");
            var console = new ScriptedConsole(_ => ScriptedConsole.Result("true"));
            var client = console.Client(credential);
            credential.Dispose();

            var problem = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                client.SendAsync(ConsoleCall.ForTask("StopBatchInferenceTask", "infer-1")));

            Assert.Equal(QianfanCredential.ForgottenMessage, problem.Message);
            Assert.Empty(console.Requests);
        }
    }
}
