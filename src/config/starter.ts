// Starter apprunner.yaml files, one per runtime: valid as written, with the optional keys shown as comments.
import { runtimeInfo } from './runtimes';

interface LanguageDefaults {
  build: string[];
  /** Only for revised-build runtimes: commands that must reach the runtime image. */
  preRun?: string[];
  command: string;
  buildComment?: string;
  commandComment?: string;
}

function defaultsFor(runtimeId: string): LanguageDefaults {
  if (runtimeId === 'python311') {
    return {
      build: ['pip3 install -r requirements.txt'],
      preRun: ['pip3 install -r requirements.txt'],
      command: 'python3 app.py',
      buildComment: 'packages installed outside /app during the build are not kept: pre-run installs them again',
    };
  }
  if (runtimeId === 'python3') return { build: ['pip install -r requirements.txt'], command: 'python app.py' };
  if (runtimeId.startsWith('nodejs')) {
    return {
      build: ['npm ci', 'npm run build --if-present'],
      command: 'npm start',
      buildComment: 'npm ci needs package-lock.json; use npm install without one',
    };
  }
  if (runtimeId.startsWith('corretto')) {
    return { build: ['mvn clean package'], command: 'java -jar target/app.jar', buildComment: 'for Gradle: ./gradlew build' };
  }
  if (runtimeId === 'dotnet6') return { build: ['dotnet publish -c Release -o out'], command: 'dotnet out/App.dll' };
  if (runtimeId === 'php81') {
    return {
      build: ['echo "add your build commands here, e.g. composer install"'],
      command: '/bin/bash startup.sh',
      commandComment: 'a script that starts php-fpm and the web server',
    };
  }
  if (runtimeId === 'ruby31') return { build: ['bundle install'], command: 'bundle exec rackup --host 0.0.0.0 -p 8080' };
  return { build: ['go build -o app .'], command: './app' };
}

/** A commented, valid apprunner.yaml for a runtime from the schema's `runtime` enum. */
export function starterConfig(runtimeId: string): string {
  const runtime = runtimeInfo(runtimeId);
  if (!runtime) throw new Error(`Unknown App Runner runtime: ${runtimeId}`);
  const defaults = defaultsFor(runtime.id);
  const latestVersion = runtime.exampleVersions[runtime.exampleVersions.length - 1];
  const lines = [
    '# apprunner.yaml: how AWS App Runner builds and runs this source-code service.',
    '# Reference: https://docs.aws.amazon.com/apprunner/latest/dg/config-file-ref.html',
    'version: 1.0',
    `runtime: ${runtime.id}  # ${runtime.label}, ${runtime.build} build${runtime.endOfSupport ? `; end of support ${runtime.endOfSupport}` : ''}`,
    'build:',
    '  commands:',
    '    # pre-build:  # optional: commands before the build',
    '    #   - echo "preparing"',
    `    build:${defaults.buildComment ? `  # ${defaults.buildComment}` : ''}`,
    ...defaults.build.map((command) => `      - ${command}`),
    '    # post-build:  # optional: commands after the build, e.g. tests',
    '    #   - echo "built"',
    `  # env:  # optional: variables for the build commands${runtime.build === 'revised' ? ' and pre-run' : ''}`,
    '  #   - name: EXAMPLE_BUILD_SETTING',
    '  #     value: "1"',
    'run:',
    `  # runtime-version: ${latestVersion}  # optional: pin a version; omitted = the latest ${runtime.label} version`,
  ];
  if (defaults.preRun) {
    lines.push(
      '  pre-run:  # revised build only: runs in the runtime image after /app is copied',
      ...defaults.preRun.map((command) => `    - ${command}`),
    );
  }
  lines.push(
    `  command: ${defaults.command}${defaults.commandComment ? `  # ${defaults.commandComment}` : ''}`,
    '  network:',
    '    port: 8080  # the port your server listens on; App Runner also passes it in PORT',
    '    # env: APP_PORT  # optional: another variable that receives the port',
    '  # env:  # optional: variables for the running service (not for secrets)',
    '  #   - name: LOG_LEVEL',
    '  #     value: info',
    '  # secrets:  # optional: values from Secrets Manager or SSM Parameter Store',
    '  #   - name: DB_PASSWORD',
    '  #     value-from: arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password',
    '',
  );
  return lines.join('\n');
}
